package gen

import (
	"fmt"
	"strings"
)

// ReportYear returns report i for another year than 2023: the same unit, its own numbers (the
// year joins the seed), and the year, the date and the opening's period moved with it.
func ReportYear(i int, seed uint64, year int) string {
	if year == 2023 {
		return Report(i, seed)
	}
	s := Report(i, seed+uint64(year)*7919)
	s = strings.Replace(s, "year = 2023", fmt.Sprintf("year = %d", year), 1)
	s = strings.Replace(s, "date = 2024-", fmt.Sprintf("date = %d-", year+1), 1)
	return strings.ReplaceAll(s, "2023年", fmt.Sprintf("%d年", year))
}
