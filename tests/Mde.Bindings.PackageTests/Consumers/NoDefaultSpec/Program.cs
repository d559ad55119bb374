using System.Reflection;
using Contoso.Status;

// The project's own spec is generated...
Expect.That(typeof(IStatusApi).Assembly == typeof(Program).Assembly, "the project's own spec is generated into the project");

// ...and nothing of the shipped live response spec is.
string[] shipped = typeof(Program).Assembly.GetTypes()
    .Where(type => type.Namespace == "Mde.Bindings.LiveResponse")
    .Select(type => type.FullName!)
    .ToArray();
Expect.That(shipped.Length == 0, "no live response type in the project: " + string.Join(", ", shipped));

Console.WriteLine("no default spec: " + typeof(Program).Assembly.GetTypes().Count(type => type.Namespace == "Contoso.Status") + " own types, 0 live response types");
