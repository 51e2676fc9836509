"""Synthetic data for measuring and demonstrating the pipeline.

`tools.synth.mail` generates French incoming mail (scans, PDFs, emails) with its
truth; see that module for the command line and the `generate()` API.
"""
