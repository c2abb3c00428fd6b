"""Expert panel sessions in the GUI: the sessions page, the projector view, an expert's desk."""
