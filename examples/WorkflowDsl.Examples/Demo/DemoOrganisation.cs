using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;

namespace WorkflowDsl.Examples.Demo;

/// <summary>A deterministic demo organisation: 3,000 people in head-office, sales, IT, HR and
/// warehouse units across Finland, Sweden and Germany, with managers, HR partners, assignments and
/// completions. The same seed gives the same people every time.</summary>
public static class DemoOrganisation
{
    /// <summary>The demo's "now": Monday 2 March 2026, 08:00 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static readonly (string Id, string? Parent, string Name, string Country, string Department, string[] Titles)[] Units =
    [
        ("root", null, "Acme Group", "FI", "Management", ["Director"]),
        ("hq", "root", "Head office", "FI", "Finance", ["Accountant", "Controller", "Assistant"]),
        ("sales", "root", "Sales", "SE", "Sales", ["Account manager", "Sales assistant"]),
        ("it", "root", "IT", "FI", "IT", ["Developer", "Support engineer", "Architect"]),
        ("hr", "root", "HR", "FI", "HR", ["HR business partner"]),
        ("ops", "root", "Operations", "DE", "Operations", ["Planner"]),
        ("warehouses", "ops", "Warehouses", "DE", "Logistics", ["Warehouse worker"]),
        ("wh-helsinki", "warehouses", "Helsinki warehouse", "FI", "Logistics", ["Forklift operator", "Warehouse worker", "Picker"]),
        ("wh-stockholm", "warehouses", "Stockholm warehouse", "SE", "Logistics", ["Forklift operator", "Warehouse worker", "Picker"]),
        ("wh-berlin", "warehouses", "Berlin warehouse", "DE", "Logistics", ["Forklift operator", "Warehouse worker"]),
    ];

    private static readonly string[] FirstNames = ["Aino", "Eero", "Liisa", "Mikko", "Sofia", "Johan", "Elsa", "Lars", "Anna", "Jonas", "Lena", "Felix", "Mia", "Oskar", "Ida", "Noah"];
    private static readonly string[] LastNames = ["Virtanen", "Korhonen", "Nieminen", "Andersson", "Johansson", "Karlsson", "Müller", "Schmidt", "Schneider", "Lehtonen", "Berg", "Fischer"];

    /// <summary>Generates the organisation with <paramref name="people"/> users.</summary>
    public static DirectoryData Generate(int people = 3000)
    {
        var random = new Random(42);
        var data = new DirectoryData
        {
            OrgUnits = Units.Select(u => new OrgUnit { Id = u.Id, ParentId = u.Parent, Name = u.Name }).ToList(),
            Contents =
            [
                new() { Id = "PRIV-100", Title = "Privacy basics", Link = "https://learn.example/priv-100" },
                new() { Id = "COC-2026", Title = "Code of conduct 2026", Link = "https://learn.example/coc-2026" },
                new() { Id = "SEC-101", Title = "Security awareness: phishing", Link = "https://learn.example/sec-101" },
                new() { Id = "SEC-102", Title = "Security awareness: passwords", Link = "https://learn.example/sec-102" },
                new() { Id = "FORK-201", Title = "Forklift safety refresher", Link = "https://learn.example/fork-201" },
            ],
            Administrators = [new() { Id = "admin-nordics", Name = "Nordic operations admin" }, new() { Id = "admin-root", Name = "Super admin", IsSuperAdministrator = true }],
            Scopes = [new() { AdministratorId = "admin-nordics", OrgUnitId = "wh-helsinki" }, new() { AdministratorId = "admin-nordics", OrgUnitId = "wh-stockholm" }],
        };

        // One manager per 20 people in each unit, and 8 HR partners for everyone.
        var managersByUnit = new Dictionary<string, List<string>>();
        var hrPartners = Enumerable.Range(1, 8).Select(i => $"e{i:D5}").ToList();
        for (int i = 1; i <= people; i++)
        {
            string id = $"e{i:D5}";
            var unit = i <= hrPartners.Count ? Units.Single(u => u.Id == "hr") : Units[1 + random.Next(Units.Length - 1)];
            if (!managersByUnit.TryGetValue(unit.Id, out var managers)) managersByUnit[unit.Id] = managers = [];
            bool isManager = managers.Count == 0 || random.Next(20) == 0;
            string first = FirstNames[random.Next(FirstNames.Length)], last = LastNames[random.Next(LastNames.Length)];
            var user = new DirectoryUser
            {
                Id = id, FirstName = first, LastName = last,
                Email = random.Next(50) == 0 ? null : $"{first}.{last}.{i}@acme.example".ToLowerInvariant(),
                Phone = random.Next(3) == 0 ? null : $"+3584{random.Next(10_000_000, 99_999_999)}",
                Locale = unit.Country switch { "FI" => "fi-FI", "SE" => "sv-SE", _ => "en" },
                IsActive = random.Next(40) != 0,
                // Managers report to the first manager of the root; a few people have no manager at all.
                ManagerId = isManager ? (id == "e00009" ? null : "e00009") : (random.Next(60) == 0 ? null : managers[random.Next(managers.Count)]),
                HrPartnerId = hrPartners[random.Next(hrPartners.Count)],
                OrgUnitId = unit.Id, Country = unit.Country, Department = unit.Department,
                JobTitle = isManager && unit.Id != "hr" ? "Manager" : unit.Titles[random.Next(unit.Titles.Length)],
                HireDate = new DateOnly(2015, 1, 1).AddDays(random.Next(0, 4200)),
            };
            if (random.Next(2) == 0) user.DeviceTokens.Add(new PushDeviceToken { Token = $"fcm-{id}-{random.Next():x}" });
            if (random.Next(4) == 0) user.Attributes.Add(new UserAttribute { Name = "cost-center", Value = (4700 + random.Next(20)).ToString() });
            if (isManager) managers.Add(id);
            data.Users.Add(user);

            // Assignments: the code of conduct is mandatory for most, security mandatory or optional.
            if (random.Next(10) < 7) data.Assignments.Add(new() { UserId = id, ContentId = "COC-2026", Kind = Assignment.Mandatory, DueDate = new DateOnly(2026, 4, 30) });
            int security = random.Next(10);
            foreach (var content in new[] { "SEC-101", "SEC-102" })
            {
                if (security < 5) data.Assignments.Add(new() { UserId = id, ContentId = content, Kind = Assignment.Mandatory, DueDate = new DateOnly(2026, 6, 30) });
                else if (security < 7) data.Assignments.Add(new() { UserId = id, ContentId = content, Kind = Assignment.Optional });
            }

            // Completions before "now"; some of last year's have expired.
            DateTime Before(int maxDays) => Now.UtcDateTime.AddDays(-random.Next(1, maxDays)).AddHours(random.Next(0, 8));
            if (random.Next(5) == 0) data.Completions.Add(new() { UserId = id, ContentId = "COC-2026", CompletedAt = Before(40) });
            if (random.Next(4) == 0)
            {
                // Privacy basics is valid for a year: completions older than that have expired.
                var completedAt = Before(700);
                data.Completions.Add(new() { UserId = id, ContentId = "PRIV-100", CompletedAt = completedAt, ExpiresAt = completedAt.AddDays(365) });
            }
            if (random.Next(6) == 0)
            {
                data.Completions.Add(new() { UserId = id, ContentId = "SEC-101", CompletedAt = Before(60) });
                if (random.Next(2) == 0) data.Completions.Add(new() { UserId = id, ContentId = "SEC-102", CompletedAt = Before(60) });
            }
        }

        // Forklift operators and logisticians hired this year in the Nordic warehouses.
        foreach (var user in data.Users.Where(u => u.OrgUnitId is "wh-helsinki" or "wh-stockholm").Where((_, i) => i % 3 == 0))
            user.HireDate = new DateOnly(2026, 1, 1).AddDays(random.Next(0, 55));
        return data;
    }
}
