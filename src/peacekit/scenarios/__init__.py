"""Reading files: scenarios and their sections, results, the course's question files
and the student's journal, every problem reported as ``FILE:LINE: message``.

The built-in scenarios (``*.yaml``) are package data in this folder.
"""
