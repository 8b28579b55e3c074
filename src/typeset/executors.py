"""Where units are rendered: in this process, in a pool of processes, or on a Dask cluster.

Every runner runs the same function, ``render_job``, on the same picklable job, so a
unit renders identically wherever it runs. A process pool starts one worker per core
by default; each worker imports WeasyPrint once and keeps its parsed fonts and
templates for every unit it renders, and workers whose memory has grown past
``RECYCLE_MIB`` are replaced after a batch, so that a long build gives memory back. Dask (``pip install .[dask]``)
spreads units over a cluster: a scheduler's address, or a local cluster.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .editions import Edition
from .errors import BuildError, UsageError
from .model import Collection

RECYCLE_AFTER = 8  # units per worker between checks of its memory
RECYCLE_MIB = 700  # a worker that has grown past this is replaced


@dataclass(frozen=True)
class Job:
    """One unit to render: its documents, edition and options, and its cache key; and
    where its documents are to be cut apart, each into a part of its own key."""
    key: str
    collection: Collection
    edition: Edition
    options: object  # render.html.RenderOptions (imported lazily: WeasyPrint is heavy)
    images: tuple[tuple[str, Path], ...] = ()  # figure source → image file (figures.py)
    pieces: tuple[tuple[str, str], ...] = ()  # (part key, document anchor), in order

    @property
    def part_keys(self) -> list[str]:
        return [key for key, _ in self.pieces] or [self.key]


@dataclass
class Part:
    """A rendered piece of a PDF, and what its layout taught."""
    key: str
    pdf: bytes
    labels: list[str]
    starts: dict[str, int]  # document anchor → page index
    slots: dict[str, tuple[int, float, float]] = field(default_factory=dict)  # contents

    def info(self) -> dict:
        return {"labels": self.labels, "starts": self.starts, "slots": self.slots}

    @classmethod
    def cached(cls, key: str, pdf: bytes, info: dict) -> "Part":
        slots = {name: tuple(value) for name, value in info["slots"].items()}
        return cls(key, pdf, info["labels"], info["starts"], slots)


@dataclass
class Outcome:
    """A rendered unit: its parts, and what it cost."""
    key: str
    parts: list[Part]
    pages: int
    seconds: float = 0.0
    peak_rss_mib: float = 0.0


def render_job(job: Job) -> Outcome:
    """Render one unit, with its line numbers stamped on, and cut it into its parts.
    Runs in any worker."""
    from .post.merge import cut_pages
    from .post.stamp import stamped
    from .render.pipeline import glyph_sheet, render

    started = time.perf_counter()
    rendering = render(job.collection, job.edition, job.options, dict(job.images))
    pdf = rendering.pdf
    if any(rendering.marks):
        pdf = stamped(pdf, rendering.marks, glyph_sheet(job.edition))
    if not job.pieces:
        parts = [Part(job.key, pdf, rendering.labels, rendering.starts, rendering.slots)]
    else:
        count = len(rendering.labels)
        firsts = [rendering.starts[anchor] for _, anchor in job.pieces] + [count]
        parts = [Part(key, cut_pages(pdf, first, end), rendering.labels[first:end],
                      {anchor: 0})
                 for (key, anchor), first, end in zip(job.pieces, firsts, firsts[1:])]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return Outcome(job.key, parts, len(rendering.labels), time.perf_counter() - started,
                   peak)


def set_glyph_sheet(edition: Edition) -> bytes:
    """The glyphs stamps are made of, set by WeasyPrint (render/marks.py)."""
    from .render.pipeline import glyph_sheet
    return glyph_sheet(edition)


def start_worker() -> None:
    """Leave Ctrl-C to the main process, which stops the workers itself; and load
    WeasyPrint, its fonts and the templates, before the first unit needs them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .render import engine  # noqa: F401


Done = Callable[[Outcome], None]


def _outcomes(futures: list, completed: Callable[[Iterable], Iterable], done: Done
              ) -> dict[str, Outcome]:
    """Each future's outcome by key, reported as it completes."""
    found: dict[str, Outcome] = {}
    for future in completed(futures):
        try:
            outcome = future.result()
        except BuildError:
            raise
        except Exception as error:
            raise BuildError(f"a unit failed to render: {type(error).__name__}: {error}") \
                from error
        found[outcome.key] = outcome
        done(outcome)
    return found


class Runner:
    """Renders jobs: serially here, on a process pool, or on Dask."""

    def __init__(self, executor: str, workers: int, scheduler: str | None = None):
        self.executor, self.workers, self.scheduler = executor, workers, scheduler
        self.pool = self.client = self.cluster = None

    def __enter__(self) -> "Runner":
        if self.executor == "dask":
            self._connect_dask()
        return self

    def __exit__(self, kind, *exc) -> None:
        if kind is KeyboardInterrupt:  # stop now: a worker's unit may take minutes
            for child in multiprocessing.active_children():
                child.terminate()
        self._close_pool()
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def _connect_dask(self) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise UsageError("--executor dask needs the dask extra: pip install '.[dask]'") \
                from None
        if self.scheduler is None:
            self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                        processes=True, dashboard_address=None)
        self.client = Client(self.scheduler or self.cluster)

    def _open_pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                            initializer=start_worker)
        return self.pool

    def _close_pool(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None

    def call(self, function: Callable, *args):
        """One function run where the units run: a worker, or this process."""
        if self.client is not None:
            return self.client.submit(function, *args, pure=True).result()
        if self.workers > 1:
            return self._open_pool().submit(function, *args).result()
        return function(*args)

    def run(self, jobs: list[Job], done: Done) -> list[Outcome]:
        """Every job's outcome, in the jobs' order."""
        found: dict[str, Outcome] = {}
        if self.client is not None:
            from distributed import as_completed as dask_completed
            futures = [self.client.submit(render_job, job, key=f"typeset-{job.key}", pure=True)
                       for job in jobs]
            found = _outcomes(futures, dask_completed, done)
        elif self.workers <= 1:
            for job in jobs:
                found[job.key] = render_job(job)
                done(found[job.key])
        else:
            # Workers are replaced between batches when their memory has grown: a pool's
            # own max_tasks_per_child deadlocks on Python 3.11 (CPython gh-115634).
            batch = self.workers * RECYCLE_AFTER
            for start in range(0, len(jobs), batch):
                pool = self._open_pool()
                futures = [pool.submit(render_job, job) for job in jobs[start:start + batch]]
                outcomes = _outcomes(futures, as_completed, done)
                found.update(outcomes)
                if max((o.peak_rss_mib for o in outcomes.values()), default=0) > RECYCLE_MIB:
                    self._close_pool()
        return [found[job.key] for job in jobs]
