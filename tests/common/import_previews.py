"""Following an import page's upload through its preview job (common.imports.preview_jobs) to the preview."""

from django.test import TestCase


def post_and_follow(client, url, data):
    """Post the upload, run the preview job it hands on (as a worker would), and get the page that follows it;
    any other answer (a form's errors, a refusal) as it is."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data)
    if response.status_code == 302 and "?check=" in response["Location"]:
        return client.get(response["Location"])
    return response
