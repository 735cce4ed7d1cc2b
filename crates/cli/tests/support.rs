//! What the CLI's test areas share: the fake GitHub's demo scenario served
//! in-process on loopback by a runtime of its own.

/// The fake GitHub, served by its own runtime for as long as this lives.
pub struct FakeServer {
    // Dropped first: stops the server while its runtime still runs.
    pub server: fake_github::Server,
    _runtime: tokio::runtime::Runtime,
}

impl FakeServer {
    /// Serves `options` (the demo scenario, changed as a test needs).
    pub fn start(options: fake_github::Options) -> FakeServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let server = runtime
            .block_on(fake_github::start(options))
            .expect("fake GitHub starts on loopback");
        FakeServer {
            server,
            _runtime: runtime,
        }
    }

    /// The demo scenario as it is.
    pub fn demo() -> FakeServer {
        FakeServer::demo_with(|_| {})
    }

    /// The demo scenario after `change`.
    pub fn demo_with(change: impl FnOnce(&mut fake_github::scenario::Scenario)) -> FakeServer {
        let mut options = fake_github::Options::demo().expect("demo scenario loads");
        change(&mut options.scenario);
        FakeServer::start(options)
    }

    /// The base URL it answers on.
    pub fn url(&self) -> String {
        self.server.url()
    }
}
