"""glutewake: notices long sitting bouts and prompts short glute-activation breaks."""

__version__ = "0.1.0"
