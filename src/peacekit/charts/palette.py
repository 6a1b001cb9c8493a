"""The Okabe–Ito palette (Okabe and Ito 2008), the one set of colours every chart and view uses.

Its eight colours stay distinguishable with the common colour-vision
deficiencies. Every chart (:mod:`peacekit.charts`) and the exercise frames take
their colours from here, so a student meets the same blue for the same kind of thing
everywhere. (The print handouts' stylesheet, ``handout.css``, repeats the
ones it needs, as CSS cannot import Python.)
"""

from __future__ import annotations

BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
OKABE_ITO = (BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILION, REDDISH_PURPLE)
"""In the palette's usual order."""
