"""Keeping the garbage collector off the objects a process keeps for good.

Python's collector walks every tracked object in its oldest generation each time that generation
is collected. After start-up that is mostly what never goes away: Django, matplotlib, WeasyPrint
and their modules, hundreds of thousands of objects. A PDF makes enough short-lived objects to
start such a walk several times, and a fifth of the årsrapport's time went to them. Frozen, they
are left out of every walk (`gc.freeze`, which Python added for long-running servers that load
much before they fork their workers); what is made afterwards is collected as before.
"""

import gc
from contextlib import contextmanager


def freeze_what_is_loaded() -> None:
    """Collect what is garbage now, then keep the rest out of later collections. For just after
    start-up and after a large library's first import: whatever is alive at that moment is never
    collected, so call it where little but modules is alive."""
    gc.collect()
    gc.freeze()


@contextmanager
def collection_paused():
    """No collection while a large structure that is still in use is built (a PDF's boxes, a
    hundred thousand objects): every collection on the way would walk it again, and a tenth of a
    second at a time once it reaches the oldest generation. Once it is garbage, the next young
    collection frees it in one walk. The switch is the whole process's: another thread's
    collections wait too, for as long."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
