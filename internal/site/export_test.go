package site

// RenderWhole makes s render every page whole, without shared fragments.
func RenderWhole(s *Site) { s.noFragments = true }
