"""Numpy vectors and sparse rows that grow by appending, with amortised doubling, for the plan index."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp


class Vector:
    """A one-dimensional numpy array that can be appended to in amortised constant time."""

    def __init__(self, dtype: npt.DTypeLike, *, capacity: int = 16) -> None:
        """Start empty with room for capacity items."""
        self._data: npt.NDArray[Any] = np.zeros(max(capacity, 1), dtype=dtype)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def _reserve(self, extra: int) -> None:
        needed = self._size + extra
        if needed > len(self._data):
            grown = np.zeros(max(needed, 2 * len(self._data)), dtype=self._data.dtype)
            grown[: self._size] = self._data[: self._size]
            self._data = grown

    def append(self, value: float | int | bool) -> None:
        """Add one value at the end."""
        self._reserve(1)
        self._data[self._size] = value
        self._size += 1

    def extend(self, values: npt.NDArray[Any]) -> None:
        """Add many values at the end."""
        self._reserve(len(values))
        self._data[self._size : self._size + len(values)] = values
        self._size += len(values)

    @property
    def array(self) -> npt.NDArray[Any]:
        """Return a view of the filled part (valid until the next append)."""
        return self._data[: self._size]


class SparseRows:
    """CSR rows in growable arrays (a scipy CSR matrix cannot grow); a dot reads only the rows asked for."""

    def __init__(self, *, capacity: int = 16, nnz_capacity: int = 256) -> None:
        """Start with no rows."""
        self.data = Vector(np.float32, capacity=nnz_capacity)
        self.indices = Vector(np.int32, capacity=nnz_capacity)
        self.indptr = Vector(np.int64, capacity=capacity + 1)
        self.indptr.append(0)

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def extend(self, rows: Any) -> None:
        """Add every row of a scipy.sparse CSR matrix."""
        self.indptr.extend(rows.indptr[1:] + len(self.data))
        self.indices.extend(rows.indices)
        self.data.extend(rows.data)

    def matrix(self, columns: int) -> Any:
        """Return the rows as a scipy.sparse CSR matrix sharing this memory (valid until the next extend)."""
        return sp.csr_matrix(
            (self.data.array, self.indices.array, self.indptr.array), shape=(len(self), columns), copy=False
        )

    def dot(self, rows: npt.NDArray[np.int64], dense: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Return, for each of rows, its dot product with the dense vector."""
        if len(rows) == 0:
            return np.zeros(0)
        # scipy picks the rows and multiplies them in compiled code: several times faster than numpy
        # gathering every product first, when a query shares an area with thousands of plans.
        picked = self.matrix(len(dense))[rows]
        return np.asarray(picked @ dense.astype(np.float64), dtype=np.float64)
