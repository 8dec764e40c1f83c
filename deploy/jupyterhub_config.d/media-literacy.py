"""JupyterHub settings for the media-literacy lessons: where quiz answers go, what opens first.

The Littlest JupyterHub: copy this file into ``/opt/tljh/config/jupyterhub_config.d/`` and run
``sudo tljh-config reload``.  Zero to JupyterHub: paste the whole file into ``hub.extraConfig``
of your ``config.yaml``.  Both run it with the hub's configuration object ``c`` in scope.  See
docs/classroom.md.

Every student's quiz answers are saved in ``<results>/<hub user name>/`` (the lessons read
``HELPERS_RESULTS_DIR``), and the teacher's class dashboard opens ``<results>`` as the class
(``HELPERS_CLASS_RESULTS``).  ``<results>`` is ``$MEDIA_LITERACY_RESULTS`` in the hub's own
environment, or ``/srv/media-literacy/results``: a folder every user's server can reach (one
machine, or a shared volume on Kubernetes).  docs/classroom.md gives the one ``install -d``
that lets students write there without reading each other's answers.

The variables are added when each server starts (a ``pre_spawn_hook``), not through
``Spawner.environment``: a spawner's own settings (``KubeSpawner.environment``, which Zero to
JupyterHub always sets, or ``SystemdSpawner.environment``) would silently replace those.
"""

import os

RESULTS = os.environ.get("MEDIA_LITERACY_RESULTS", "/srv/media-literacy/results")


def add_course_environment(spawner) -> None:
    """One results folder per hub user, so a name typed twice never mixes two students."""
    folder = os.path.join(RESULTS, spawner.user.name.replace("/", "_"))
    spawner.environment = {
        **spawner.environment,
        "HELPERS_RESULTS_DIR": folder,
        "HELPERS_CLASS_RESULTS": RESULTS,
    }


c.Spawner.pre_spawn_hook = add_course_environment  # noqa: F821 (the hub's config object)
c.Spawner.default_url = "/lab"  # noqa: F821
