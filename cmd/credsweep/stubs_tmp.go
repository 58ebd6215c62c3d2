package main

import (
	"context"
	"errors"

	"github.com/credsweep/credsweep/detectors"
	"github.com/credsweep/credsweep/scanner"
	"github.com/credsweep/credsweep/scanner/extract"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type smbFlags struct{}

func (*smbFlags) register(*pflag.FlagSet) {}

type driveFlags struct{}

func (*driveFlags) register(*pflag.FlagSet) {}

func openSMB(context.Context, string, *smbFlags) (scanner.Target, error) {
	return scanner.Target{}, errors.New("todo")
}
func openDrive(context.Context, string, *driveFlags) (scanner.Target, error) {
	return scanner.Target{}, errors.New("todo")
}
func newAuthCmd() *cobra.Command                        { return &cobra.Command{Use: "auth"} }
func allDetectors() []detectors.Detector                { return nil }
func allRules() []detectors.Rule                        { return nil }
func allExtractors() map[extract.Kind]extract.Extractor { return nil }
