"""Share completed: how much of a topic or an intersessional group's work is done.

Completed activities out of those that can still be completed, which is all of them but
the cancelled ones (a cancelled activity will never be done and should not hold the
share down). The dashboard's bars and the PDF report's table show the same figure.
"""


def share_percent(completed: int, counted: int) -> int:
    """``completed`` out of ``counted`` as a whole percentage 0-100, rounded to the nearest
    and halves up (2 of 3 is 67, 1 of 8 is 13, 1 of 200 is 1); 0 when nothing counts.

    Integer arithmetic: Python's ``round`` would round halves to even (12.5 to 12).
    """
    if counted <= 0:
        return 0
    return (200 * completed + counted) // (2 * counted)
