"""Claims proposed from a report's text: actors found, relation chosen, quote and date kept.

``model`` holds what a proposal is; the extraction modules of this package produce proposals
from text, and ``actorgraph.proposals`` keeps them in the graph folder for a curator's review.
"""
