using System.Globalization;

namespace SoData.Sandbox;

/// <summary>
/// The JSON shapes of the API objects, field for field as in the vendor guide (sections 5.3.3 to 5.7.3).
/// Property names are written exactly as declared (no naming policy), nulls included, in the guide's order.
/// </summary>
public static class Views
{
    private static readonly DateTimeOffset FleetEpoch = new(2021, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static object Ca(Fleet f, CorporateAccount ca) => new
    {
        defaultCustomerUuid = "",
        uuid = ca.Uuid,
        name = ca.Name,
        activationType = "MAINTENANCE",
        emailTo = (string?)null,
        emailCc = (string?)null,
        canPublish = false,
        autoTemplateSynchro = true,
        isMultiCustomerAccount = ca.Customers.Count > 1,
        active = true,
        movingAuthorization = "CONSERVATION",
        iconUuid = f.Uuid($"ca/{ca.Index}/icon"),
        userLinks = new[]
        {
            new { uuid = f.Uuid($"ca/{ca.Index}/userlink/0"), status = "VALIDATED", isSupport = false, corporateAccountId = ca.Id, userId = 4 },
        },
        isMaster = false,
    };

    /// <summary>
    /// Without detailsLevel=ALL the nested <c>companyAddress</c> and <c>contact</c> objects are left out
    /// (the guide only shows the ALL level, which carries them).
    /// </summary>
    public static object Customer(Fleet f, Customer c, bool allDetails)
    {
        var socomec = c.Name == "FR_Socomec";
        var emailTo = socomec ? "frederic.morice@socomec.com" : $"contact@customer{c.Id}.example.com";
        var row = new Dictionary<string, object?>
        {
            ["uuid"] = c.Uuid,
            ["emailTo"] = emailTo,
            ["emailCc"] = socomec ? "nicolas.vogt@socomec.com" : null,
            ["technicalName"] = socomec ? "Socomec" : $"CUSTOMER_{c.Id}",
            ["name"] = c.Name,
            ["reference"] = null,
            ["description"] = socomec ? "All Socomec UPS in production" : $"Installations of {c.Name}",
            ["visibility"] = null,
            ["corporateAccountId"] = c.CorporateAccount.Id,
            ["additionalInformation"] = "",
            ["movingAuthorization"] = "INHERITED",
            ["corporateAccountUuid"] = c.CorporateAccount.Uuid,
            ["iconUuid"] = f.Uuid($"customer/{c.Uuid}/icon"),
        };
        if (allDetails)
        {
            row["companyAddress"] = new
            {
                uuid = f.Uuid($"customer/{c.Uuid}/address"),
                useParent = false,
                street = socomec ? "1 Rue de Westhouse" : $"{10 + c.Id} Main Street",
                postCode = socomec ? "67235" : c.Country.PostCode,
                city = socomec ? "Benfeld" : c.Country.City,
                country = c.Country.Name,
                state = "",
            };
            row["contact"] = new
            {
                uuid = f.Uuid($"customer/{c.Uuid}/contact"),
                useParent = false,
                name = socomec ? "Frédéric MORICE" : $"Contact {c.Name}",
                phone = "",
                mobile = "",
                email = emailTo,
                emailCC = "",
            };
        }
        row["sitesQuantity"] = c.Sites.Count;
        return row;
    }

    public static object Site(Fleet f, Site s) => new
    {
        uuid = s.Uuid,
        emailTo = (string?)null,
        emailCc = (string?)null,
        technicalName = s.TechnicalName,
        language = (string?)null,
        name = s.Name,
        description = "",
        configurationOptions = new
        {
            alarmNotification = new { enabled = true, delay = 0 },
            dataRetentionDays = 730,
        },
        activationKey = f.Uuid($"site/{s.Uuid}/activation"),
        visibility = (string?)null,
        customerId = s.Customer.Id,
        autoGatewaysRegistration = true,
        autoProductsRegistration = true,
        timeZone = s.Country.TimeZone,
        additionalInformation = "",
        movingAuthorization = "INHERITED",
        customerUuid = s.Customer.Uuid,
        devicesQuantity = s.Devices.Count,
    };

    /// <summary>A device carries its siteUuid but not the CA uuid, as in the guide.</summary>
    public static object Device(Fleet f, Device d, bool withContact, bool withAddress)
    {
        var country = d.Site.Country;
        var h = Fleet.Hash($"{f.Seed}/device/{d.Uuid}/geo");
        var socomecSite = d.Site.Name == "(FR) Benfeld CDS";
        var row = new Dictionary<string, object?>
        {
            ["uuid"] = d.Uuid,
            ["emailTo"] = socomecSite ? "support@agoracalyce.com;socomec-infra@its-future.com" : null,
            ["emailCc"] = socomecSite ? "frederic.morice@socomec.com" : null,
            ["technicalName"] = d.TechnicalName,
            ["mappingMode"] = "SERVICE_ID",
            ["acquisitionId"] = null,
            ["description"] = null,
            ["serialNumber"] = d.SerialNumber,
            ["custom"] = new
            {
                socomec = new
                {
                    deviceId = d.SerialNumber,
                    nomPowerKVA = d.Model.NomPowerKva,
                    nomPowerKW = "0",
                    compatibilityVersion = "1",
                },
            },
            ["configurationOptions"] = new { acquisitionPeriod = 60, timeSynchronization = true },
            ["frequencyStatus"] = 60,
            ["frequencyStream"] = 60,
            ["status"] = "ACCEPTED",
            ["creationType"] = d.IsGateway ? "AUTO_REGISTERED" : "CREATED",
            ["connectionStatus"] = null,
            ["visibility"] = null,
            ["longitude"] = Math.Round(country.Longitude + ((h & 0xFFFF) / 65535.0 - 0.5) / 50, 5),
            ["latitude"] = Math.Round(country.Latitude + (((h >> 16) & 0xFFFF) / 65535.0 - 0.5) / 50, 5),
            ["deviceTypeUuid"] = d.Model.DeviceTypeUuid,
            ["deviceTypeReferenceId"] = d.Model.DeviceTypeReferenceId,
            ["manufacturer"] = "Socomec",
            ["location"] = null,
            ["contractNumber"] = d.IsGateway ? null : $"Contract {d.Site.Customer.Id:D4}",
            ["modelName"] = d.Model.ModelName,
            ["profileIsUpToDate"] = true,
            ["createNoCommunicationAlarm"] = true,
            ["noCommunicationPeriod"] = 60,
            ["tags"] = null,
            ["locked"] = false,
            ["additionalInformation"] = "",
            ["gatewayId"] = d.Gateway?.Id,
            ["configurationKey"] = d.IsGateway ? "SOCOMEC_GATEWAY_001" : "SOCOMEC_DEVICE_CONNECT_001",
            ["storageName"] = "DataHub",
            ["netId"] = null,
            ["movingAuthorization"] = "INHERITED",
            ["siteUuid"] = d.Site.Uuid,
            ["gatewayUuid"] = d.Gateway?.Uuid,
            ["iconUuid"] = f.Uuid($"model/{d.Model.ModelName}/icon"),
        };
        if (withContact)
        {
            row["contact"] = new
            {
                uuid = f.Uuid($"device/{d.Uuid}/contact"),
                useParent = true,
                name = socomecSite ? "Frédéric MORICE" : $"Contact {d.Site.Customer.Name}",
                phone = "",
                mobile = "",
                email = socomecSite ? "frederic.morice@socomec.com" : $"contact@customer{d.Site.Customer.Id}.example.com",
                emailCC = "",
            };
        }
        if (withAddress)
        {
            row["address"] = new
            {
                uuid = f.Uuid($"device/{d.Uuid}/address"),
                useParent = false,
                street = socomecSite ? "1 Rue de Westhouse" : $"{d.Site.Id} Industrial Park",
                postCode = country.PostCode,
                city = country.City,
                country = country.Name.ToUpperInvariant(),
                state = "",
            };
        }
        row["name"] = d.Name;
        row["timeZone"] = d.TimeZone;
        row["createdAt"] = Iso(FleetEpoch.AddMinutes(d.Id * 997.3));
        row["owned"] = true;
        return row;
    }

    public static object Item(Item i) => new
    {
        uuid = i.Uuid,
        id = i.Id,
        deviceUuid = i.Device.Uuid,
        itemType = i.ItemType,
        itemIndex = i.ItemIndex,
        name = i.Name,
        custom = (object?)null,
    };

    public static object Variable(Fleet f, Variable v)
    {
        var s = v.Service;
        var alarm = s.ServiceType == "Alarm";
        return new
        {
            uuid = v.Uuid,
            deviceUuid = v.Device.Uuid,
            deviceSerialNumber = v.Device.SerialNumber,
            deviceTypeUuid = v.Device.Model.DeviceTypeUuid,
            label = v.Device.TechnicalName,
            compatibilityVersion = (string?)null,
            itemId = v.Item.Id,
            itemUuid = v.Item.Uuid,
            itemIndex = v.Item.ItemIndex,
            itemCustom = (object?)null,
            itemType = v.Item.ItemType,
            serviceId = s.ServiceId,
            serviceUuid = Fleet.DeterministicUuid($"service/{s.ServiceId}/{s.ServiceName}"),
            serviceName = s.ServiceName,
            coef = (double?)null,
            offset = (double?)null,
            baseCoef = (double?)null,
            baseOffset = (double?)null,
            serviceType = s.ServiceType,
            serviceGroup = s.ServiceGroup,
            iotGroup = (string?)null,
            unit = s.Unit,
            severityName = alarm ? "MAJOR" : null,
            severityLevel = alarm ? (int?)2 : null,
            manufacturer = (string?)null,
            compatibilityMin = (string?)null,
            compatibilityMax = (string?)null,
            serviceTranslations = new
            {
                en = new { title = s.TitleEn },
                fr = new { title = s.TitleFr, shortName = s.TitleFr },
            },
            itemServiceTranslations = (object?)null,
            reason = new { fromTemplate = true, reasons = new[] { new { value = "IS_DEFAULT" } } },
            source = "PROFILE",
            timestampId = (string?)null,
            pollingTime = s.ServiceType == "Measure" ? 300 : 3600,
            sendOnUpdate = s.ServiceType != "Measure",
            isComputed = s.ServiceName.EndsWith("_Delta", StringComparison.Ordinal),
            configurationComputed = (object?)null,
            tags = Array.Empty<string>(),
            overrideFields = (object?)null,
            active = true,
            streamRef = v.StreamRef,
            datahubId = v.DatahubId,
        };
    }

    public static object LastValue(Variable v, DateTimeOffset at, double value) => new
    {
        serviceId = v.Service.ServiceId,
        itemType = v.Item.ItemType,
        itemIndex = v.Item.ItemIndex,
        deviceUuid = v.Device.Uuid,
        value = value.ToString(CultureInfo.InvariantCulture),
        date = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        title = v.Service.TitleEn,
        unit = v.Service.Unit,
        deviceName = v.Device.Name,
        itemName = v.Item.Name,
        serviceGroup = v.Service.ServiceGroup,
        serviceType = v.Service.ServiceType,
    };

    public static object DataAccessGroup(Fleet f, CorporateAccount ca, int index)
    {
        // Group 0 grants every customer of the CA; group n grants customer n-1 and lists its devices.
        if (index == 0)
        {
            return new
            {
                uuid = f.Uuid($"ca/{ca.Index}/dag/0"),
                name = "All customers",
                description = $"Every customer of {ca.Name}",
                corporateAccountUuid = ca.Uuid,
                customerUuids = ca.Customers.Select(c => c.Uuid).ToArray(),
                deviceUuids = Array.Empty<string>(),
            };
        }
        var customer = ca.Customers[index - 1];
        return new
        {
            uuid = f.Uuid($"ca/{ca.Index}/dag/{index}"),
            name = $"DAG {customer.Name}",
            description = $"Devices of {customer.Name}",
            corporateAccountUuid = ca.Uuid,
            customerUuids = new[] { customer.Uuid },
            deviceUuids = customer.Devices.Select(d => d.Uuid).ToArray(),
        };
    }

    public static string Iso(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
