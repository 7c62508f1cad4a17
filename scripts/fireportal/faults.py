"""What an unexpected failure inside a fault boundary tells staff.

The pipeline converts each file, and the page stage renders each document,
inside a boundary: whatever goes wrong there is that file's error, in words
staff can act on, and every other file still goes on.
"""

from __future__ import annotations


def reason(exc: BaseException) -> str:
    """What went wrong, in words staff can act on."""
    if isinstance(exc, RecursionError):
        return "结构嵌套过深"
    if isinstance(exc, MemoryError):
        return "内容过大"
    if isinstance(exc, UnicodeError):
        return "含有无法识别的字符"
    return f"程序内部错误 {type(exc).__name__}"


# What staff can do about a failure inside a boundary: it is most likely the program's.
ADVICE = "请检查文件内容；如果文件没有问题，请把它发给维护人员"
