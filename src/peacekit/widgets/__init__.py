"""The exercise views: one module per exercise, each a thin view over the model layer.

* :mod:`.package_deal` - assemble the December 2023 package, see who rejects it and why
* :mod:`.negotiation` - negotiate against a computer counterpart, then debrief
* :mod:`.venue` - weight the criteria for a venue; vetoes stand
* :mod:`.small_steps` - small steps or a silver bullet, in the seeded trust simulation
* :mod:`.two_publics` - would both publics ratify the package; societal engagement
* :mod:`.knowledge_check` - questions per chapter with explained answers and linked sources
* :mod:`.pre_post_test` - the same questions at the start and the end; the gain per chapter
* :mod:`.journal` - the reflection journal, saved beside the notebook and exported

Shared parts: :mod:`.frame` (the exercise frame, chart panels, text tables,
download links, where the course site is), :mod:`.guarded` (controls that refuse
bad values with a message, and the per-issue dropdowns of a package) and
:mod:`.results_export` (the classroom results file). Nothing here is imported by the model layer.
"""
