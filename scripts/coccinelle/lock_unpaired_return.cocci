/// A spinlock taken in a function is released on every path out of it: an early
/// return between spin_lock() and spin_unlock() leaves it held. Helpers whose
/// name says they lock (lock_pair, say) are what takes locks for their callers.
// Confidence: Moderate
// Options: --no-includes --include-headers

virtual report

@r depends on report exists@
expression L;
position p;
@@
spin_lock(L);
... when != spin_unlock(L)
return@p ...;

@script:python depends on report@
p << r.p;
@@
if "lock" not in p[0].current_element:
    coccilib.report.print_report(p[0], "return with a spinlock held")
