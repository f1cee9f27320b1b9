"""Program search for ARC tasks. The one public entry point is `solve(task, config)`."""

from solver.config import SearchConfig
from solver.solution import Attempt, RankedProgram, Solution, Trace
from solver.solve import solve

__all__ = ["Attempt", "RankedProgram", "SearchConfig", "Solution", "Trace", "solve"]
