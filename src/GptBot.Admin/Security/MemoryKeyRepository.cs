using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace GptBot.Admin.Security;

/// <summary>
/// Where the console's session and form keys live: in memory only. Nothing about the console is written to disk (the
/// default would be a key file in the service user's home), and a restart simply asks the operator to log in again.
/// </summary>
public sealed class MemoryKeyRepository : IXmlRepository
{
    private readonly List<XElement> _elements = [];
    private readonly Lock _lock = new();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_lock)
        {
            return [.. _elements.Select(element => new XElement(element))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_lock)
        {
            _elements.Add(new XElement(element));
        }
    }
}
