"""How long the tests wait for something."""

from __future__ import annotations

#: Seconds a test waits for a condition that normally holds well within a second (a webhook
#: delivery, a watched event, a server that starts or stops, a call that fails at once). The
#: wait ends as soon as the condition holds; this deadline only bounds a hang, so that a busy
#: machine does not fail the test.
HANG = 60.0
