"""The ``a2i-moderation`` command and what only it needs: the offline preview, simulation and plot.

Installed with the ``cli`` extra (and ``plot`` for ``simulate --plot``); stacks that use the
components never import it.
"""
