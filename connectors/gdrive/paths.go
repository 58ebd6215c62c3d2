package gdrive

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"

	drive "google.golang.org/api/drive/v3"

	"github.com/credsweep/credsweep/connectors"
)

// maxDepth bounds a parent chain (Drive allows 100 levels) and breaks
// cycles in inconsistent metadata.
const maxDepth = 128

// node is a folder (or a root) known to the resolver.
type node struct {
	name    string
	parent  string // first parent, "" at a root or when unknown
	driveID string
	root    bool
	mine    bool // owned by the account (for guessRoot)
}

// place is where a folder sits: its display path and the root it
// reaches ("" when an ancestor cannot be read).
type place struct {
	path string
	root string
}

// resolver rebuilds display paths from parent ids. Drive has no paths:
// a flat listing gives each file its parents' ids, so folder metadata is
// cached and missing ancestors are fetched once with files.get.
type resolver struct {
	c      *Connector
	mu     sync.Mutex
	nodes  map[string]*node
	places map[string]place
	dead   map[string]bool // ancestors that cannot be read
}

func newResolver(c *Connector) *resolver {
	return &resolver{c: c, nodes: map[string]*node{}, places: map[string]place{}, dead: map[string]bool{}}
}

// addRoot names a root: My Drive or a shared drive.
func (r *resolver) addRoot(id, name, driveID string) {
	r.mu.Lock()
	r.nodes[id] = &node{name: name, driveID: driveID, root: true}
	r.mu.Unlock()
}

// add records a folder from a listing.
func (r *resolver) add(f *drive.File) {
	n := &node{name: f.Name, driveID: f.DriveId}
	n.mine, _ = r.c.ownedByMe(f)
	if len(f.Parents) > 0 {
		n.parent = f.Parents[0]
	}
	r.mu.Lock()
	if old := r.nodes[f.Id]; old == nil || !old.root {
		r.nodes[f.Id] = n
	}
	r.mu.Unlock()
}

// forget drops every folder and path learnt so far (roots stay): a
// change listing must see folders as they are now.
func (r *resolver) forget() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, n := range r.nodes {
		if !n.root {
			delete(r.nodes, id)
		}
	}
	r.places, r.dead = map[string]place{}, map[string]bool{}
}

// forgetPlaces drops the cached paths, after folders were updated.
func (r *resolver) forgetPlaces() {
	r.mu.Lock()
	r.places, r.dead = map[string]place{}, map[string]bool{}
	r.mu.Unlock()
}

// known says whether id is a folder or root already recorded.
func (r *resolver) known(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.nodes[id] != nil
}

// folders returns a copy of the recorded folders (roots excluded).
func (r *resolver) folders() []node {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]node, 0, len(r.nodes))
	for _, n := range r.nodes {
		if !n.root {
			out = append(out, *n)
		}
	}
	return out
}

// name returns a root's or folder's name, if known.
func (r *resolver) name(id string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := r.nodes[id]; n != nil {
		return n.name
	}
	return ""
}

// lookup returns the node for id, fetching it when unknown. A folder that
// cannot be read gives nil; only fatal and context errors are returned.
func (r *resolver) lookup(ctx context.Context, id string) (*node, error) {
	r.mu.Lock()
	n, dead := r.nodes[id], r.dead[id]
	r.mu.Unlock()
	if n != nil || dead {
		return n, nil
	}
	f, err := r.c.getFile(ctx, id, "id,name,mimeType,parents,driveId")
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, connectors.ErrFatal) {
			return nil, err
		}
		if code, _ := reason(err); code != http.StatusNotFound && code != http.StatusForbidden && !errors.Is(err, connectors.ErrTransient) {
			return nil, err
		}
		r.mu.Lock()
		r.dead[id] = true
		r.mu.Unlock()
		return nil, nil
	}
	if f.DriveId != "" && f.Id == f.DriveId {
		// A shared drive's root folder: name it after the drive.
		if err := r.c.addDriveRoot(ctx, f.DriveId); err != nil {
			return nil, err
		}
	} else {
		r.add(f)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.nodes[id], nil
}

// place returns the display path of folder id and the root it reaches.
func (r *resolver) place(ctx context.Context, id string) (place, error) {
	r.mu.Lock()
	p, ok := r.places[id]
	r.mu.Unlock()
	if ok {
		return p, nil
	}
	var names []string
	chain := []string{}
	cur := id
	for depth := 0; ; depth++ {
		r.mu.Lock()
		known, hit := r.places[cur]
		r.mu.Unlock()
		if hit {
			p = known
			break
		}
		n, err := r.lookup(ctx, cur)
		if err != nil {
			return place{}, err
		}
		if n == nil || depth >= maxDepth {
			p = place{}
			break
		}
		names = append(names, n.name)
		chain = append(chain, cur)
		if n.root {
			p = place{root: cur}
			names = names[:len(names)-1]
			p.path = n.name
			chain = chain[:len(chain)-1]
			r.mu.Lock()
			r.places[cur] = p
			r.mu.Unlock()
			break
		}
		if n.parent == "" {
			p = place{}
			break
		}
		cur = n.parent
	}
	// Fill the cache from the top down, so siblings cost nothing.
	for i := len(chain) - 1; i >= 0; i-- {
		p.path = join(p.path, names[i])
		r.mu.Lock()
		r.places[chain[i]] = p
		r.mu.Unlock()
	}
	return p, nil
}

// join appends a title to a display path.
func join(dir, title string) string {
	switch {
	case dir == "":
		return title
	case title == "":
		return dir
	}
	return dir + "/" + title
}

// segment makes a title usable as one Item.Path segment.
func segment(title string) string {
	title = strings.ReplaceAll(title, "/", "_")
	if title == "" || title == "." || title == ".." {
		return "untitled"
	}
	return title
}
