"""Reading files: scenarios and their sections, results, the course's question files,
the student's journal and pre-test and post-test answers, and where the book says the
course site is published; every problem reported as ``FILE:LINE: message``.

The built-in scenarios (``*.yaml``) are package data in this folder.
"""
