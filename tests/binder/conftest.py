"""Register the ``binder`` marker: tests that start JupyterLab (slow; `-m "not binder"` skips them)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "binder: opens the notebook edition in JupyterLab with Chromium, as a Binder reader (slow)"
    )
