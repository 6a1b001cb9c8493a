"""Every chart of the course, drawn one way: accessible SVG text written by hand.

Each chart is an ``<svg role="img">`` with a title and a description, in the
Okabe–Ito palette with shapes and dashes as a second cue, beside a text summary.
"""
