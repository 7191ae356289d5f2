"""Run the served model's graph node by node, without building a dask graph on every call.

Rasa serves a model through DaskGraphRunner, and each message runs the graph three times
(NLU, then one policy prediction per action). Every run recomputes the sub-graph its
targets need, builds a dask task graph and hands it to dask's synchronous scheduler, which
orders and runs the tasks in the calling thread anyway. Here the order of each target set
is computed once; a run then calls the same GraphNode objects in that order with the same
inputs, which is what dask's synchronous scheduler does. Training keeps Rasa's runner.
"""
from __future__ import annotations

from typing import Any

import rasa.core.processor
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphNode
from rasa.engine.runner.dask import DaskGraphRunner
from typing_extensions import override

from rasa_ext.patches.replace import replace_attribute

Step = tuple[str, GraphNode, tuple[str, ...]]  # node name, node, names of the nodes it needs


class SequentialGraphRunner(DaskGraphRunner):
    """DaskGraphRunner whose `run` calls the nodes in a precomputed order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[str, ...], list[Step]] = {}

    def _plan(self, targets: tuple[str, ...]) -> list[Step]:
        """The nodes the targets need, each after the nodes it needs (depth-first post-order)."""
        plan = self._plans.get(targets)
        if plan is None:
            nodes, order, seen = self._graph_schema.nodes, [], set()

            def visit(name: str) -> None:
                if name in seen or name not in nodes:  # not a node: an input given to `run`
                    return
                seen.add(name)
                for needed in nodes[name].needs.values():
                    visit(needed)
                order.append(name)

            for target in targets:
                visit(target)
            plan = self._plans[targets] = [
                (name, self._instantiated_nodes[name], tuple(nodes[name].needs.values())) for name in order]
        return plan

    @override
    def run(self, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
            ) -> dict[str, Any]:
        run_targets = tuple(targets if targets else self._graph_schema.target_names)
        inputs = inputs or {}
        for value in inputs.values():
            if isinstance(value, str) and value in self._graph_schema.nodes:
                raise GraphRunError(f"Input value '{value}' clashes with a node name.")
        # Like dask: an input replaces the node of its name; every node returns (name, output).
        results: dict[str, Any] = {name: (name, value) for name, value in inputs.items()}
        try:
            for name, node, needs in self._plan(run_targets):
                if name not in inputs:
                    results[name] = node(*(results[needed] for needed in needs))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(results[target] for target in run_targets)


def install() -> None:
    """Serve models with SequentialGraphRunner; the processor looks the runner up when loading one."""
    replace_attribute(rasa.core.processor, "DaskGraphRunner", DaskGraphRunner, SequentialGraphRunner)
