using System.Linq;

namespace SoData
{
    /// <summary>A postal address (companyAddress of a customer, address of a device). Renders on one line.</summary>
    public sealed class Address : ApiObject
    {
        public string? Uuid { get; set; }
        public bool? UseParent { get; set; }
        public string? Street { get; set; }
        public string? PostCode { get; set; }
        public string? City { get; set; }
        public string? Country { get; set; }
        public string? State { get; set; }

        public override string ToString()
        {
            string town = string.Join(" ", new[] { PostCode, City }.Where(p => !string.IsNullOrWhiteSpace(p)));
            return string.Join(", ", new[] { Street, town, State, Country }.Where(p => !string.IsNullOrWhiteSpace(p)));
        }
    }

    /// <summary>A contact person. Renders as "Name &lt;email&gt;".</summary>
    public sealed class Contact : ApiObject
    {
        public string? Uuid { get; set; }
        public bool? UseParent { get; set; }
        public string? Name { get; set; }
        public string? Phone { get; set; }
        public string? Mobile { get; set; }
        public string? Email { get; set; }
        public string? EmailCC { get; set; }

        public override string ToString()
        {
            if (string.IsNullOrWhiteSpace(Email)) return Name ?? string.Empty;
            return string.IsNullOrWhiteSpace(Name) ? Email! : $"{Name} <{Email}>";
        }
    }
}
