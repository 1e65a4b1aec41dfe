"""`cjm export`: a journey as a workbook for clients without git (xlsx), or as CSV files (one-way)."""
