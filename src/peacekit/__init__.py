"""peacekit: the negotiation model behind the course "No silver bullet".

The model layer is pure Python with no widget import, so the classroom tools,
the command line and the book can all read it; the widgets live in
``peacekit.widgets`` and are thin views over it.
"""

__version__ = "0.1.0"
