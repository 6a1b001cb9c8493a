"""The classroom kit: role sheets, the facilitator sheet, handouts, results files and
the class debrief, all read off the same model as the exercises.
"""
