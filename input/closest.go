package input

// Closest returns the valid key nearest to k in edit distance, if near enough to be a slip.
func Closest(k string, valid []string) string {
	best, bestD := "", 1<<30
	for _, v := range valid {
		if dist := editDistance(k, v); dist < bestD {
			best, bestD = v, dist
		}
	}
	if bestD <= max(2, len([]rune(k))/3) {
		return best
	}
	return ""
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
