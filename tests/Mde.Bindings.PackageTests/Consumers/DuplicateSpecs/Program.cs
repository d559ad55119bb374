using Contoso.LiveResponse;

// The project's copy, generated once, into the namespace and with the visibility its item metadata gives.
Expect.That(!typeof(ILiveResponseApi).IsPublic && typeof(ILiveResponseApi).Assembly == typeof(Program).Assembly, "the project's copy is generated internal, in its own namespace");

// The shipped spec of the same name is not generated beside it.
string[] shipped = typeof(Program).Assembly.GetTypes()
    .Where(type => type.Namespace == "Mde.Bindings.LiveResponse")
    .Select(type => type.FullName!)
    .ToArray();
Expect.That(shipped.Length == 0, "the shipped copy is not generated too: " + string.Join(", ", shipped));

Console.WriteLine("duplicate specs: generated once, as Contoso.LiveResponse");
