// resolve: which provider and workflow the platform's own resolver picks for every resource of
// the Score specs named on the command line, with the providers of ROOT loaded the way the
// server loads them. A test driver of innominatus-tools (tests/oracle_resolution.rs), built
// against the pinned platform sources of ../shared/oracle by tests/oracle/build.sh; it calls
// the platform's packages and contains none of their code.
//
//	resolve ROOT SCORE...    one JSON array: {file, resource, type, provider, workflow, error}
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"innominatus/internal/admin"
	"innominatus/internal/orchestration"
	"innominatus/internal/providers"
	"innominatus/internal/types"

	"gopkg.in/yaml.v3"
)

type answer struct {
	File     string `json:"file"`
	Resource string `json:"resource"`
	Type     string `json:"type"`
	Provider string `json:"provider,omitempty"`
	Workflow string `json:"workflow,omitempty"`
	Error    string `json:"error,omitempty"`
}

// providerManifests lists the manifests the server would load: the enabled filesystem sources
// of ROOT/admin-config.yaml when it names any, else every provider.yaml/platform.yaml below ROOT.
func providerManifests(root string) []string {
	var out []string
	if cfg, err := admin.LoadAdminConfig(filepath.Join(root, "admin-config.yaml")); err == nil {
		for _, src := range cfg.Providers {
			if !src.Enabled || src.Type != "filesystem" {
				continue
			}
			dir := src.Path
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(root, dir)
			}
			manifest := filepath.Join(dir, "provider.yaml")
			if _, err := os.Stat(manifest); err != nil {
				manifest = filepath.Join(dir, "platform.yaml")
			}
			out = append(out, manifest)
		}
		if len(out) > 0 {
			return out
		}
	}
	_ = filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return nil
		}
		if info.IsDir() && strings.HasPrefix(info.Name(), ".") && p != root {
			return filepath.SkipDir
		}
		switch info.Name() {
		case "provider.yaml", "provider.yml", "platform.yaml", "platform.yml":
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: resolve ROOT SCORE...")
		os.Exit(2)
	}
	root, _ := filepath.Abs(os.Args[1])
	files := make([]string, 0, len(os.Args)-2)
	for _, f := range os.Args[2:] {
		abs, _ := filepath.Abs(f)
		files = append(files, abs)
	}
	// The admin configuration names provider paths relative to the server's directory.
	if err := os.Chdir(root); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	registry := providers.NewRegistry()
	loader := providers.NewLoader("dev")
	for _, manifest := range providerManifests(root) {
		if p, err := loader.LoadFromFile(manifest); err == nil {
			_ = registry.RegisterProvider(p)
		}
	}
	resolver := orchestration.NewResolver(registry)
	answers := []answer{}
	for i, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		var spec types.ScoreSpec
		if yaml.Unmarshal(data, &spec) != nil {
			continue
		}
		names := make([]string, 0, len(spec.Resources))
		for n := range spec.Resources {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			a := answer{File: os.Args[2+i], Resource: n, Type: spec.Resources[n].Type}
			p, wf, err := resolver.ResolveProviderForResource(a.Type)
			if err != nil {
				a.Error = err.Error()
			} else {
				a.Provider, a.Workflow = p.Metadata.Name, wf.Name
			}
			answers = append(answers, a)
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(answers); err != nil {
		os.Exit(2)
	}
}
