"""Documents of a directive: the Excel workbook and CSVs, the chart, the Word report and the chasing letter."""
