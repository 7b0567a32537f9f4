namespace SoData
{
    /// <summary>A data access group (DAG): which customers and devices a group of users may read data from.</summary>
    public sealed class DataAccessGroup : HierarchyObject
    {
        public string? Uuid { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }
        public ValueList<string>? CustomerUuids { get; set; }
        public ValueList<string>? DeviceUuids { get; set; }

        public override string ToString() => Name ?? Uuid ?? string.Empty;
    }
}
