package gdrive

import (
	"context"
	"fmt"
	"sync"

	drive "google.golang.org/api/drive/v3"
)

// folder walks the target folder's tree.
func (w *walker) folder(ctx context.Context) error {
	c := w.c
	top, err := c.res.place(ctx, c.t.ID)
	if err != nil {
		return err
	}
	driveID := ""
	c.res.mu.Lock()
	if n := c.res.nodes[c.t.ID]; n != nil {
		driveID = n.driveID
		if top.path == "" {
			top.path = n.name
		}
	}
	c.res.mu.Unlock()
	return w.tree(ctx, c.t.ID, top.path, driveID)
}

// tree walks folder id breadth-first with `'id' in parents` queries,
// Concurrency folders at a time; paths come from the walk itself. A
// failure to list the top folder is returned; below it, an unlistable
// folder becomes an Err item.
func (w *walker) tree(ctx context.Context, id, path, driveID string) error {
	c := w.c
	var (
		mu      sync.Mutex
		visited = map[string]bool{id: true}
		wg      sync.WaitGroup
		sem     = make(chan struct{}, c.o.Concurrency)
		topErr  error
	)
	var visit func(id, name, path string, isTop bool)
	visit = func(id, name, path string, isTop bool) {
		defer wg.Done()
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		type sub struct{ id, name string }
		var subs []sub
		err := c.list(ctx, listing{parent: id, driveID: driveID}, func(f *drive.File) error {
			if f.MimeType == mimeFolder {
				subs = append(subs, sub{f.Id, f.Name})
				return nil
			}
			if it, ok := c.item(f, path, driveID); ok && !w.emit(ctx, it) {
				return ctx.Err()
			}
			return nil
		})
		<-sem
		if err != nil {
			if isTop {
				topErr = err
			} else {
				w.listErr(ctx, id, name, path, fmt.Errorf("gdrive: cannot list folder %q: %w", path, err))
			}
			return
		}
		for _, s := range subs {
			mu.Lock()
			seen := visited[s.id]
			visited[s.id] = true
			mu.Unlock()
			if !seen {
				wg.Add(1)
				go visit(s.id, s.name, join(path, s.name), false)
			}
		}
	}
	wg.Add(1)
	visit(id, path, path, true)
	wg.Wait()
	return topErr
}

// all walks the user corpus (My Drive and files shared with me) and every
// shared drive the account can see, Concurrency listings at a time.
func (w *walker) all(ctx context.Context) error {
	c := w.c
	drives, every, err := c.sharedDrives(ctx)
	if err != nil {
		return err
	}
	for _, d := range drives {
		c.res.addRoot(d.Id, d.Name, d.Id)
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, c.o.Concurrency)
	run := func(cs corpus, id, name string) {
		defer wg.Done()
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		defer func() { <-sem }()
		if err := w.corpus(ctx, cs); err != nil {
			w.listErr(ctx, id, name, name, fmt.Errorf("gdrive: cannot list %q: %w", name, err))
		}
	}
	wg.Add(1 + len(drives))
	go run(corpus{mode: modeAll, every: every}, c.root(), "My Drive")
	for _, d := range drives {
		go run(corpus{driveID: d.Id, mode: modeDrive}, d.Id, d.Name)
	}
	wg.Wait()
	return nil
}

// sharedDrives lists the shared drives the account can see; every is
// true when the server has no drives.list (then one allDrives listing
// covers them).
func (c *Connector) sharedDrives(ctx context.Context) (drives []*drive.Drive, every bool, err error) {
	tok := ""
	for {
		var dl *drive.DriveList
		err := c.p.do(ctx, func(ctx context.Context) (err error) {
			call := c.svc.Drives.List().PageSize(100).Fields("nextPageToken,drives(id,name)").Context(ctx)
			if tok != "" {
				call = call.PageToken(tok)
			}
			dl, err = call.Do()
			return err
		})
		if err != nil && !isFinal(ctx, err) && missing(err) {
			// A Drive without drives.list: list every drive at once.
			return nil, true, nil
		}
		if err != nil {
			return nil, false, fmt.Errorf("gdrive: cannot list shared drives: %w", err)
		}
		drives = append(drives, dl.Drives...)
		if tok = dl.NextPageToken; tok == "" {
			return drives, false, nil
		}
	}
}
