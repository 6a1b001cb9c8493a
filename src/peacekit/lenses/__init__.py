"""Each exercise's text and tables, as plain functions of the model (no ipywidgets).

One module per exercise, named as its widget in :mod:`peacekit.widgets`: the widget
shows what its lens computes, so the book, the tests and any other front end give
the same verdicts and sentences.
"""
