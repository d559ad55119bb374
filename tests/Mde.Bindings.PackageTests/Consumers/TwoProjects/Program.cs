using Mde.Bindings.LiveResponse;

// The library's public copy is the one the app sees, and the app generated none of its own.
Expect.That(typeof(ILiveResponseApi).Assembly.GetName().Name == "Library", "ILiveResponseApi comes from the library, not " + typeof(ILiveResponseApi).Assembly.GetName().Name);
Expect.That(typeof(MachineAction) == Library.Describe.ActionType, "the app and the library share one MachineAction");
string[] own = typeof(Program).Assembly.GetTypes().Where(type => type.Namespace == "Mde.Bindings.LiveResponse").Select(type => type.FullName!).ToArray();
Expect.That(own.Length == 0, "the app generated its own copy: " + string.Join(", ", own));

Console.WriteLine("two projects: one copy of the live response API, in the library");
