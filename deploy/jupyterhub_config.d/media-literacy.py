"""JupyterHub settings for the media-literacy lessons: where quiz answers go, what opens first.

The Littlest JupyterHub: copy this file into ``/opt/tljh/config/jupyterhub_config.d/`` and run
``sudo tljh-config reload``.  Zero to JupyterHub: paste the code below the docstring into
``hub.extraConfig`` of your ``config.yaml``.  See docs/classroom.md.

Every student's quiz answers are saved in ``<results>/<hub user name>/`` (the lessons read
``HELPERS_RESULTS_DIR``), and the teacher's class dashboard opens ``<results>`` as the class
(``HELPERS_CLASS_RESULTS``).  ``<results>`` is ``$MEDIA_LITERACY_RESULTS`` in the hub's own
environment, or ``/srv/media-literacy/results``: a folder every user's server can reach (one
machine, or a shared volume on Kubernetes) that students may write to but not read (see the
docs for the one-line ``install -d`` that sets its permissions).
"""

import os

RESULTS = os.environ.get("MEDIA_LITERACY_RESULTS", "/srv/media-literacy/results")


def student_results(spawner) -> str:
    """One folder per hub user, so a name typed twice can never mix two students' answers."""
    return os.path.join(RESULTS, spawner.user.name.replace("/", "_"))


c = get_config()  # noqa: F821  (JupyterHub provides get_config in config files)
c.Spawner.environment.update(
    {
        "HELPERS_RESULTS_DIR": student_results,
        "HELPERS_CLASS_RESULTS": RESULTS,
    }
)
c.Spawner.default_url = "/lab"
