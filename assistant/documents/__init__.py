"""Reading documents: files in, text, paragraphs, chunks and the outline out (and a PDF page shown)."""
