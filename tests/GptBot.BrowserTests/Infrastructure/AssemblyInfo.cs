using GptBot.BrowserTests.Infrastructure;

// One browser for every test; each test opens its own context (cookies and all).
[assembly: AssemblyFixture(typeof(Chromium))]

// The tests start GptBot processes and a browser: one at a time keeps a 2-core runner responsive.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
