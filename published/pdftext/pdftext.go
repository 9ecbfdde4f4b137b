package pdftext

// Read returns the text runs of every page, in content-stream order.
func Read(data []byte) ([]Page, error) {
	f, err := open(data)
	if err != nil {
		return nil, err
	}
	root, _ := f.get(f.trailer[name("Root")]).(dict)
	if root == nil {
		return nil, ErrNotPDF
	}
	var pages []Page
	glyphs := 0
	fonts := map[any]*font{}
	seen := map[ref]bool{}
	var walk func(o any, inherited dict, depth int) error
	walk = func(o any, inherited dict, depth int) error {
		if depth > MaxDepth || len(pages) >= MaxPages {
			return nil
		}
		if r, ok := o.(ref); ok {
			if seen[r] {
				return nil // a page tree with a cycle
			}
			seen[r] = true
		}
		d, _ := f.get(o).(dict)
		if d == nil {
			return nil
		}
		inh := dict{}
		for k, v := range inherited {
			inh[k] = v
		}
		for _, k := range []name{"Resources", "MediaBox", "CropBox"} {
			if v, ok := d[k]; ok {
				inh[k] = v
			}
		}
		if kids, ok := f.get(d[name("Kids")]).(array); ok {
			if t, _ := d[name("Type")].(name); t != "Page" {
				for _, k := range kids {
					if err := walk(k, inh, depth+1); err != nil {
						return err
					}
				}
				return nil
			}
		}
		pages = append(pages, f.page(d, inh, len(pages)+1, fonts, &glyphs))
		return nil
	}
	if err := walk(root[name("Pages")], dict{}, 0); err != nil {
		return nil, err
	}
	if glyphs > MaxGlyphs {
		return pages, ErrTooLarge
	}
	return pages, nil
}

func (f *file) page(d, inh dict, n int, fonts map[any]*font, glyphs *int) Page {
	box := [4]float64{0, 0, 595.28, 841.89}
	if mb, ok := f.get(inh[name("MediaBox")]).(array); ok && len(mb) == 4 {
		for i := range box {
			box[i], _ = num(f.get(mb[i]))
		}
		if box[0] > box[2] {
			box[0], box[2] = box[2], box[0]
		}
		if box[1] > box[3] {
			box[1], box[3] = box[3], box[1]
		}
	}
	p := Page{Number: n, Width: box[2] - box[0], Height: box[3] - box[1]}
	res, _ := f.get(inh[name("Resources")]).(dict)
	if res == nil {
		res = dict{}
	}
	var content []byte
	switch c := f.get(d[name("Contents")]).(type) {
	case *stream:
		content, _ = f.decode(c)
	case array:
		for _, s := range c {
			if st, ok := f.get(s).(*stream); ok {
				if b, err := f.decode(st); err == nil {
					content = append(content, b...)
					content = append(content, '\n')
				}
			}
		}
	}
	in := &interp{f: f, page: &p, x0: box[0], y1: box[3], fonts: fonts, glyphs: glyphs, forms: map[any]bool{}}
	in.run(content, res, gstate{ctm: identity, th: 1}, 0)
	p.Runs = normalize(p.Runs)
	return p
}
