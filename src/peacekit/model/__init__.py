"""The model: pure Python, reads no file, imports no other layer of peacekit.

Scenario types, the exact analysis (zone, frontier, Nash and Kalai–Smorodinsky
points), distrust as credibility, bargaining against computer counterparts, the
confidence-building simulation and its strategies, the two-level game, the
stakeholders and their engagement, and the venue choice. Everything here takes a
scenario as an argument; :mod:`peacekit.scenarios` reads the files.
"""
