"""glutewake's artwork and data: the exercise library, pictograms, icons, desktop metadata.

Nothing to import here. This file makes the folder the package `glutewake.resources`
(setup.py maps it), so an editable install finds it through setuptools' import hook as a
wheel and the bundle find it on disk; src/glutewake/resource_files.py is the one way in.
"""
