package pdf

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"nianbao/layout"
)

// structure is the tagged-PDF side of the writer (ISO 32000-1 §14.7–14.8, PDF/UA-1 §7): while
// the pages are written it numbers the marked content of each page (MCIDs) and records which
// element each belongs to; then it writes the structure tree that layout's hints describe —
// Document → H1…H6, P, Table → THead/TBody → TR → TH/TD — and the parent tree that leads back.
type structure struct {
	elems   map[int32]*element // by layout's element number
	parents [][]int32          // per page: the element of each MCID
}

type element struct {
	st   layout.Struct
	kids []mcr // its marked content, in order
	obj  int
}

type mcr struct{ page, mcid int }

// mark numbers the next marked-content sequence of page for the element st.
func (s *structure) mark(page int, st layout.Struct) int {
	for len(s.parents) <= page {
		s.parents = append(s.parents, nil)
	}
	e := s.elems[st.Elem]
	if e == nil {
		e = &element{st: st}
		s.elems[st.Elem] = e
	}
	mcid := len(s.parents[page])
	s.parents[page] = append(s.parents[page], st.Elem)
	e.kids = append(e.kids, mcr{page, mcid})
	return mcid
}

// write adds the structure tree and returns the StructTreeRoot's number. pageObjs are the pages' objects.
func (s *structure) write(d *doc, pageObjs []int) int {
	root, document := d.alloc(), d.alloc()
	nums := make([]int32, 0, len(s.elems))
	for n := range s.elems {
		nums = append(nums, n)
	}
	slices.Sort(nums) // reading order, and object numbers that do not depend on map order
	for _, n := range nums {
		s.elems[n].obj = d.alloc()
	}
	// the document's children in reading order; a table's cells gathered under one Table
	// element, placed where its first cell comes
	var top []int
	tables := map[int16][]*element{}
	for _, n := range nums {
		e := s.elems[n]
		if e.st.Table == 0 {
			s.elem(d, e, document, pageObjs)
			top = append(top, e.obj)
			continue
		}
		if tables[e.st.Table] == nil {
			top = append(top, -int(e.st.Table)) // a placeholder, replaced below
		}
		tables[e.st.Table] = append(tables[e.st.Table], e)
	}
	for i, ref := range top {
		if ref < 0 {
			top[i] = s.table(d, tables[int16(-ref)], document, pageObjs)
		}
	}
	d.set(document, fmt.Sprintf("<< /Type /StructElem /S /Document /P %d 0 R /K %s >>", root, refs(top)))
	// the parent tree: page i's MCIDs → their elements (§14.7.4.4)
	var pt strings.Builder
	pt.WriteString("<< /Nums [")
	for i, p := range s.parents {
		objs := make([]int, len(p))
		for k, n := range p {
			objs[k] = s.elems[n].obj
		}
		fmt.Fprintf(&pt, "%d %s ", i, refs(objs))
	}
	pt.WriteString("] >>")
	parentTree := d.add(pt.String())
	d.set(root, fmt.Sprintf("<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>",
		document, parentTree, len(pageObjs)))
	return root
}

// elem writes an element that holds marked content, under parent.
func (s *structure) elem(d *doc, e *element, parent int, pageObjs []int) {
	var k strings.Builder
	for _, m := range e.kids {
		if m.page == e.kids[0].page { // on the element's /Pg: the MCID alone (§14.7.2)
			fmt.Fprintf(&k, "%d ", m.mcid)
		} else {
			fmt.Fprintf(&k, "<< /Type /MCR /Pg %d 0 R /MCID %d >> ", pageObjs[m.page], m.mcid)
		}
	}
	attr := ""
	if e.st.Table != 0 {
		attr = " /A << /O /Table"
		if e.st.Scope != "" {
			attr += " /Scope /" + e.st.Scope
		}
		if e.st.RowSpan > 1 {
			attr += fmt.Sprintf(" /RowSpan %d", e.st.RowSpan)
		}
		if e.st.ColSpan > 1 {
			attr += fmt.Sprintf(" /ColSpan %d", e.st.ColSpan)
		}
		attr += " >>"
	}
	d.set(e.obj, fmt.Sprintf("<< /Type /StructElem /S /%s /P %d 0 R /Pg %d 0 R /K [%s]%s >>",
		e.st.Role, parent, pageObjs[e.kids[0].page], strings.TrimSpace(k.String()), attr))
}

// table writes a Table element: THead with the header rows, TBody with the rest, a TR per grid
// row holding the cells that start in it, left to right. A header redrawn on a later page is an
// artifact, so each TH is read once (ISO 32000-1 Table 337: one THead however often it is drawn).
func (s *structure) table(d *doc, cells []*element, parent int, pageObjs []int) int {
	table := d.alloc()
	rows := map[int16][]*element{}
	var order []int16
	for _, c := range cells {
		if rows[c.st.Row] == nil {
			order = append(order, c.st.Row)
		}
		rows[c.st.Row] = append(rows[c.st.Row], c)
	}
	slices.Sort(order)
	var head, body []int
	var thead, tbody int
	for _, r := range order {
		group := &tbody
		list := &body
		if rows[r][0].st.Head {
			group, list = &thead, &head
		}
		if *group == 0 {
			*group = d.alloc()
		}
		tr := d.alloc()
		*list = append(*list, tr)
		cs := rows[r]
		sort.Slice(cs, func(i, j int) bool { return cs[i].st.Col < cs[j].st.Col })
		objs := make([]int, len(cs))
		for i, c := range cs {
			s.elem(d, c, tr, pageObjs)
			objs[i] = c.obj
		}
		d.set(tr, fmt.Sprintf("<< /Type /StructElem /S /TR /P %d 0 R /K %s >>", *group, refs(objs)))
	}
	var parts []int
	if thead != 0 {
		d.set(thead, fmt.Sprintf("<< /Type /StructElem /S /THead /P %d 0 R /K %s >>", table, refs(head)))
		parts = append(parts, thead)
	}
	if tbody != 0 {
		d.set(tbody, fmt.Sprintf("<< /Type /StructElem /S /TBody /P %d 0 R /K %s >>", table, refs(body)))
		parts = append(parts, tbody)
	}
	d.set(table, fmt.Sprintf("<< /Type /StructElem /S /Table /P %d 0 R /K %s >>", parent, refs(parts)))
	return table
}

// refs writes an array of indirect references.
func refs(objs []int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, o := range objs {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d 0 R", o)
	}
	return b.String() + "]"
}
