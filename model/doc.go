// Package model is the national format as data and the report it describes: the 2021 and 2019
// formats (sections, the three tables cell by cell with their merged labels), a report's values,
// narrative paragraphs and labels, and the completion of totals. It is the schema every other
// stage shares (datafile decodes into it, check reads it, tree builds the document from it); it
// reads no file and checks nothing.
package model
