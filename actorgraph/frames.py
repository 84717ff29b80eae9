"""Results as pandas DataFrames: the one place a DataFrame is built.

pandas is an optional extra (``pip install 'actorgraph[pandas]'``): ``import actorgraph`` never
needs it, and each result's ``to_pandas()`` asks for it only when called.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from actorgraph.errors import MissingExtra


def data_frame(records: Iterable[Mapping[str, object]], columns: Sequence[str]) -> Any:
    """A ``pandas.DataFrame`` of *records*, one row each, with *columns* in this order.

    The columns are given, not guessed from the first record, so that an empty result still
    has them.

    Raises
    ------
    MissingExtra
        pandas is not installed.
    """
    try:
        import pandas
    except ImportError:
        raise MissingExtra("to_pandas()", "pandas") from None
    return pandas.DataFrame.from_records(list(records), columns=list(columns))
