Console.Error.WriteLine("hi");
