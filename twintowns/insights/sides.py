"""Which directions put an activity here (at home) and which there (at the partner's)."""

from twintowns.activities.models import Direction

# They came to us, or we hosted it: here. We went to them, or it was held abroad: there.
HERE = [Direction.INCOMING, Direction.HOSTED]
THERE = [Direction.OUTGOING, Direction.ABROAD]
