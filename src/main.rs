//! The `scour` binary: parse arguments, run a command, map the outcome to an exit code
//! (0 success, 1 a --fail-on entity was found, 2 bad usage or bad input).

use clap::Parser;
use scour::cli::{Cli, Command};
use scour::commands;

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Scan(args) => commands::scan::run(args),
        Command::Generate(args) => commands::generate::run(args),
        Command::Run(args) => commands::run::run(args),
        Command::Check(args) => commands::run::check(args),
        Command::Detokenize(args) => commands::run::detokenize(args),
        Command::Dedup(args) => commands::dedup::run(args),
        Command::Entities(args) => {
            print!("{}", commands::entities::table(args.markdown));
            Ok(0)
        }
    };
    match result {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("scour: error: {e}");
            std::process::exit(2);
        }
    }
}
