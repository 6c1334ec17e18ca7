//! Being written for issue 3; see its module docs once filled.
