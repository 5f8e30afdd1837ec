// `verge serve` on a port it picks itself was written twice (ServeNode and ServeProcess); the old name stays for
// test branches merged this session.
global using ServeNode = Verge.Net.Tests.ServeProcess;
